// Copies GOV.UK Frontend's JavaScript and images into Django's static build directory, and
// writes a white crown for organisations that are allowed to show it (PUTRIGHT_SHOW_CROWN).
//
// Run by `npm run build` after the Sass is compiled. Node's standard library only.

import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const build = join(root, "putright", "common", "static", "putright", "build");

mkdirSync(join(build, "assets"), { recursive: true });

for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(join(govuk, file), join(build, file));
}
cpSync(join(govuk, "assets", "images"), join(build, "assets", "images"), { recursive: true });
copyFileSync(join(govuk, "assets", "manifest.json"), join(build, "assets", "manifest.json"));

// The crown is drawn inline by GOV.UK Frontend's Nunjucks logo macro, which Django cannot use.
// Take the crown group from that macro so that it stays in step with the installed version.
const logoMacro = readFileSync(join(govuk, "macros", "logo.njk"), "utf8");
const crown = logoMacro.match(/set _tudorCrown %\}([\s\S]*?)\{%-? endset/);
if (!crown) {
  throw new Error("Could not find the crown in govuk-frontend's logo macro: has it moved?");
}
writeFileSync(
  join(build, "assets", "images", "putright-crown.svg"),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 60" width="32" height="30" ' +
    `fill="#ffffff">${crown[1].trim()}</svg>\n`,
);

console.log(`GOV.UK Frontend assets copied to ${build}`);
