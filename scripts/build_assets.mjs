// Builds the front-end assets Django serves: our SCSS on top of GOV.UK Frontend, its
// JavaScript and images. Output is git-ignored.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist");
const out = join(root, "goldenthread", "static", "build");
// Django serves `out` at this address (STATICFILES_DIRS in goldenthread/settings.py).
const servedAt = "/static/build/";

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "goldenthread", "static", "src", "app.scss"), {
  loadPaths: [govuk],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(govuk, "govuk", "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// The crest and GOV.UK's icons are the Crown's, for GOV.UK services only: a council's site must
// not show them (goldenthread/static/src/_images.scss keeps the styles from asking for them).
cpSync(join(govuk, "govuk", "assets", "images"), join(out, "assets", "images"), {
  recursive: true,
  filter: (path) => !/govuk-crest|govuk-icon|opengraph/.test(path),
});

// collectstatic refuses a stylesheet whose url() names a file it does not have, and then every
// page fails: stop the build here instead, naming the file.
const missing = [...css.css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)]
  .map((match) => match[1])
  .filter((url) => !url.startsWith("data:"))
  .filter((url) => !url.startsWith(servedAt) || !existsSync(join(out, url.slice(servedAt.length))));
if (missing.length) {
  console.error(`app.css refers to files the build does not contain: ${[...new Set(missing)].join(", ")}`);
  process.exit(1);
}
console.log(`assets built in ${out}`);
