/**
 * Puppeteer (pulled in by pa11y-ci) must not download its own browser: only package
 * registries are reachable here, and the gates use Debian's /usr/bin/chromium.
 * npm no longer passes npm_config_* to lifecycle scripts, so say it in a config file.
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
};
