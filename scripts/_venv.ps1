# Dot-sourced by scripts/serve.ps1 and scripts/test.ps1, from the project's root (Windows).
#
# Invoke-KhVenv [EXTRA ...]: the project's own virtual environment .venv, made once with the
# system's Python ($env:PYTHON if set, else the launcher "py -3", else "python"), then brought in
# step with pyproject.toml by scripts/_venv.py (pip runs only when pyproject.toml changed or an extra
# is missing). Nothing is ever installed into the system's Python. Afterwards $KhPy is the
# environment's python.exe and the environment is active (its Scripts\ first on PATH, as
# Activate.ps1 does). The same steps as scripts/_venv.sh, without apt-get.
# Saved as UTF-8 with a byte order mark: Windows PowerShell 5.1 reads it right only so.

$KhVenv = '.venv'
$KhPy = Join-Path (Get-Location).Path "$KhVenv\Scripts\python.exe"

try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch { }  # Vietnamese messages

function Stop-Kh([string]$Message) {
    [Console]::Error.WriteLine($Message)
    exit 1
}

# Standard output of a native command, or $null when it is missing or exits non-zero.
function Invoke-KhQuiet([string]$Exe, [string[]]$Arguments) {
    $ErrorActionPreference = 'Continue'
    try { $out = & $Exe @Arguments 2>$null } catch { return $null }
    if ($LASTEXITCODE -ne 0) { return $null }
    return ("$out").Trim()
}

function Get-KhSystemPython {
    if ($env:PYTHON) { return @($env:PYTHON) }
    if (Get-Command py -ErrorAction SilentlyContinue) { return @('py', '-3') }
    if (Get-Command python -ErrorAction SilentlyContinue) { return @('python') }
    Stop-Kh "Không tìm thấy Python: cài Python ≥ 3.10 từ python.org (chọn 'Add python.exe to PATH') rồi chạy lại."
}

# Make .venv with the system's Python unless a working one is there.
function Initialize-KhVenv {
    if ((Test-Path -LiteralPath $KhPy) -and ($null -ne (Invoke-KhQuiet $KhPy @('-c', 'pass')))) { return }
    $python = @(Get-KhSystemPython)
    $exe = $python[0]
    $pre = @($python | Select-Object -Skip 1)
    $name = $python -join ' '
    $version = Invoke-KhQuiet $exe ($pre + @('-c', "import sys; print('%d.%d' % sys.version_info[:2])"))
    if (-not $version) {
        Stop-Kh "Không chạy được $name`: cài Python ≥ 3.10 từ python.org (hoặc đặt `$env:PYTHON) rồi chạy lại."
    }
    if ($null -eq (Invoke-KhQuiet $exe ($pre + @('-c', 'import sys; sys.exit(sys.version_info < (3, 10))')))) {
        Stop-Kh "Cần Python ≥ 3.10, $name là $version`: cài bản mới hơn từ python.org rồi chạy lại."
    }
    if ($null -eq (Invoke-KhQuiet $exe ($pre + @('-c', 'import venv, ensurepip')))) {
        Stop-Kh "Thiếu mô-đun venv (ensurepip) của $name`: cài lại Python $version từ python.org rồi chạy lại."
    }
    if (Test-Path -LiteralPath $KhVenv) { Remove-Item -LiteralPath $KhVenv -Recurse -Force }
    [Console]::Error.WriteLine("kehoach: tạo môi trường ảo $KhVenv bằng $name (Python $version)…")
    & $exe @pre -m venv $KhVenv
    if ($LASTEXITCODE -ne 0) {
        if (Test-Path -LiteralPath $KhVenv) { Remove-Item -LiteralPath $KhVenv -Recurse -Force }
        Stop-Kh "Không tạo được môi trường ảo $KhVenv bằng $name."
    }
}

function Invoke-KhVenv([string[]]$Extras = @()) {
    Initialize-KhVenv
    & $KhPy scripts/_venv.py @Extras
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    $env:VIRTUAL_ENV = Join-Path (Get-Location).Path $KhVenv
    $env:PATH = (Join-Path $env:VIRTUAL_ENV 'Scripts') + [IO.Path]::PathSeparator + $env:PATH
    Remove-Item Env:PYTHONHOME -ErrorAction SilentlyContinue
}
