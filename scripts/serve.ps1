# Windows: set up the project's virtual environment .venv (once; again only when pyproject.toml
# changes) and serve the site from the bundled records on http://127.0.0.1:8000/.
#   powershell -ExecutionPolicy Bypass -File scripts\serve.ps1 [mkdocs serve arguments, e.g. -a 0.0.0.0:8000]
# The same as scripts/serve.sh.
Set-Location -LiteralPath (Split-Path -Parent $PSScriptRoot)
. (Join-Path $PSScriptRoot '_venv.ps1')
Invoke-KhVenv
& $KhPy -m mkdocs serve @args
exit $LASTEXITCODE
