#!/usr/bin/env bash
# How the browser assets of `permdocs serve` (and the accessibility engine of its browser tests)
# were fetched. Run it to update them; it needs node and npm, and reaches the npm registry only.
#
#   GOV.UK Frontend -> src/permdocs/serve/static/govuk/  (CSS compiled from its Sass with the
#                      system font stack and no GDS Transport font face: tools/govuk-frontend.scss;
#                      its JavaScript as published; its MIT licence)
#   htmx            -> src/permdocs/serve/static/htmx/   (htmx.min.js and its 0BSD licence)
#   axe-core        -> tests/serve/vendor/             (axe.min.js and its MPL-2.0 licence)
#
# No images, fonts or crown from GOV.UK Frontend are copied.
set -euo pipefail
cd "$(dirname "$0")/.."

GOVUK_FRONTEND_VERSION=6.6.0
HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
SASS_VERSION=1.108.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm install --prefix "$work" --no-audit --no-fund --ignore-scripts --silent \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "sass@$SASS_VERSION" \
  "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION"
modules="$work/node_modules"

static=src/permdocs/serve/static
mkdir -p "$static/govuk" "$static/htmx" tests/serve/vendor

"$modules/.bin/sass" --load-path="$modules" --style=compressed --no-source-map --quiet-deps \
  tools/govuk-frontend.scss "$static/govuk/govuk-frontend.min.css"
# The published script ends with a source map comment; the map itself is not shipped.
sed 's|//# sourceMappingURL=.*$||' "$modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" \
  > "$static/govuk/govuk-frontend.min.js"
cat > "$static/govuk/LICENCE.txt" <<LICENCE
GOV.UK Frontend $GOVUK_FRONTEND_VERSION (https://www.npmjs.com/package/govuk-frontend)

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

The stylesheet was compiled from GOV.UK Frontend's Sass with tools/govuk-frontend.scss
(a system font stack instead of GDS Transport); no fonts, images or crown are included.
LICENCE

cp "$modules/htmx.org/dist/htmx.min.js" "$static/htmx/htmx.min.js"
{ echo "htmx $HTMX_VERSION (https://www.npmjs.com/package/htmx.org)"; echo; cat "$modules/htmx.org/LICENSE"; } \
  > "$static/htmx/LICENCE.txt"

cp "$modules/axe-core/axe.min.js" tests/serve/vendor/axe.min.js
{ echo "axe-core $AXE_VERSION (https://www.npmjs.com/package/axe-core)"; echo; cat "$modules/axe-core/LICENSE"; } \
  > tests/serve/vendor/LICENCE-axe-core.txt
echo "vendored GOV.UK Frontend $GOVUK_FRONTEND_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION"
