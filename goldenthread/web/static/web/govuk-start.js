// Starts GOV.UK Frontend's components (menus, error summaries, buttons). Loaded as a module, so
// only browsers GOV.UK Frontend supports run it. The path is relative to this file's
// (/static/web/ to /static/build/), so it holds wherever STATIC_URL points.
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
