// Builds the front-end assets Django serves: our SCSS on top of GOV.UK Frontend, its
// JavaScript and images. Output is git-ignored.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist");
const out = join(root, "goldenthread", "static", "build");

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
cpSync(join(govuk, "govuk", "assets", "images"), join(out, "assets", "images"), {
  recursive: true,
  filter: (path) => !/govuk-crest|govuk-icon|opengraph/.test(path),
});
console.log(`assets built in ${out}`);
