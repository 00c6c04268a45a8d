// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, etc.).
// Loaded as a module, so browsers too old for GOV.UK Frontend's JavaScript skip it.
import { initAll } from "./build/govuk-frontend.min.js";

initAll();
