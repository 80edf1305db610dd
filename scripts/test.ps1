# Windows: set up the project's virtual environment .venv with the test extra (once; again only when
# pyproject.toml changes), then run the whole suite. Extra arguments go to pytest.
#   powershell -ExecutionPolicy Bypass -File scripts\test.ps1 [pytest arguments, e.g. -x]
# The same as scripts/test.sh, except that no browser is installed: Debian's chromium is not there,
# so the browser tests are skipped (and fail under CI=true, see tests/conftest.py). Nor is nginx: the
# restricted site's web server test (tests/test_web_server_auth.py, for a Debian server) is skipped
# on Windows.
Set-Location -LiteralPath (Split-Path -Parent $PSScriptRoot)
. (Join-Path $PSScriptRoot '_venv.ps1')
Invoke-KhVenv @('test')
& $KhPy -m pytest @args
exit $LASTEXITCODE
