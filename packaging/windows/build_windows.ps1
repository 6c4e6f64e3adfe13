<#
.SYNOPSIS
Builds Copydesk for Windows x64 (CPU or CUDA llama.cpp) and its Inno Setup installer.

.DESCRIPTION
1. A build virtual environment (build\venv-windows) from -Python.
2. llama-cpp-python at the version pyproject.toml pins, compiled here from source (MSVC + CMake):
   -Variant cuda adds CMAKE_ARGS=-DGGML_CUDA=on and needs the CUDA toolkit (CUDA_PATH); -Variant cpu is
   llama.cpp's default CPU build, which links MSVC's OpenMP runtime (vcomp140.dll). Then Copydesk and
   PyInstaller.
3. pyinstaller --noconfirm --clean packaging\copydesk.spec with COPYDESK_BUILD_VARIANT=<variant>
   -> dist\copydesk\ (copydesk.exe windowed, copydesk-cli.exe console, _internal\).
4. Runtime DLLs beside the llama.cpp DLLs (dist\copydesk\_internal\llama_cpp\lib):
   - vcomp140.dll: the spec collects it; VCToolsRedistDir is set here first, from vswhere, so it is the
     copy in Visual Studio's redistributable folder
     (<VS>\VC\Redist\MSVC\<version>\x64\Microsoft.VC143.OpenMP\vcomp140.dll), which Microsoft allows to
     be redistributed. Should the bundle still lack it, it is copied here from that folder, or else from
     C:\Windows\System32 (present wherever the Visual C++ Redistributable is installed).
   - CUDA: cudart64_12.dll, cublas64_12.dll and cublasLt64_12.dll from %CUDA_PATH%\bin, so the installed
     app needs only the NVIDIA driver, not the toolkit.
5. copydesk-cli.exe --version must name the build's variant.
6. ISCC packaging\windows\copydesk.iss /DAppVersion=<version> /DVariant=<variant>
   -> dist\Copydesk-<version>-windows-x64-<variant>-setup.exe

.PARAMETER Variant
cpu (default) or cuda.

.PARAMETER Python
The Python 3.11 to build with (default: python on PATH).

.PARAMETER NoInstaller
Stop after the bundle (no Inno Setup needed).

.PARAMETER DryRun
Print the commands instead of running them.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1 -Variant cuda
#>
[CmdletBinding()]
param(
    [ValidateSet('cpu', 'cuda')]
    [string]$Variant = 'cpu',
    [string]$Python = 'python',
    [switch]$NoInstaller,
    [switch]$DryRun
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
Set-Location $Root

function Invoke-Native {
    # Run a program; stop on a non-zero exit code (native programs do not throw in PowerShell 5).
    param([Parameter(Mandatory)][string]$Program, [string[]]$Arguments = @())
    $shown = ($Arguments | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) -join ' '
    Write-Host "+ $Program $shown"
    if ($DryRun) { return }
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Program exited with code $LASTEXITCODE"
    }
}

function Copy-Runtime {
    param([string]$Source, [string]$Destination)
    Write-Host "+ copy $Source -> $Destination"
    if (-not $DryRun) { Copy-Item -LiteralPath $Source -Destination $Destination -Force }
}

# -- version and pins ------------------------------------------------------------------------------------

$initText = Get-Content -Raw -LiteralPath (Join-Path $Root 'app\__init__.py')
if ($initText -notmatch '(?m)^__version__ = "([^"]+)"') { throw 'No __version__ in app\__init__.py' }
$Version = $Matches[1]
$NumericVersion = ([regex]::Match($Version, '^\d+(\.\d+){0,3}')).Value  # 0.2.0rc1 -> 0.2.0, for Windows

$pyproject = Get-Content -Raw -LiteralPath (Join-Path $Root 'pyproject.toml')
if ($pyproject -notmatch '"(llama-cpp-python==[^"]+)"') { throw 'pyproject.toml pins no llama-cpp-python' }
$Llama = $Matches[1]

Write-Host "Building Copydesk $Version ($Variant) with $Llama"

# -- MSVC redistributables (vcomp140.dll, msvcp140.dll) ---------------------------------------------------

function Find-VCRedistDir {
    if ($env:VCToolsRedistDir -and (Test-Path $env:VCToolsRedistDir)) { return $env:VCToolsRedistDir }
    $vswhere = Join-Path ${env:ProgramFiles(x86)} 'Microsoft Visual Studio\Installer\vswhere.exe'
    if (-not (Test-Path $vswhere)) { return $null }
    $vs = & $vswhere -latest -products * -requires Microsoft.VisualStudio.Component.VC.Tools.x86.x64 -property installationPath
    if (-not $vs) { return $null }
    $found = Get-ChildItem -Path (Join-Path $vs 'VC\Redist\MSVC\*\x64\Microsoft.VC*.OpenMP\vcomp140.dll') -ErrorAction SilentlyContinue |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $found) { return $null }
    # ...\VC\Redist\MSVC\<version>\x64\Microsoft.VC143.OpenMP\vcomp140.dll -> ...\VC\Redist\MSVC\<version>\
    return (Split-Path (Split-Path (Split-Path $found.FullName -Parent) -Parent) -Parent) + '\'
}

$RedistDir = Find-VCRedistDir
if ($RedistDir) {
    $env:VCToolsRedistDir = $RedistDir
    Write-Host "MSVC redistributables: $RedistDir"
} else {
    Write-Warning 'Visual Studio redistributables not found (vswhere); vcomp140.dll will come from System32.'
}

# -- CUDA -------------------------------------------------------------------------------------------------

$CudaDlls = @('cudart64_12.dll', 'cublas64_12.dll', 'cublasLt64_12.dll')
$cmakeArgs = $env:CMAKE_ARGS
if ($Variant -eq 'cuda') {
    if (-not $env:CUDA_PATH) { throw 'The CUDA variant needs the CUDA 12 toolkit: CUDA_PATH is not set.' }
    $cmakeArgs = (@('-DGGML_CUDA=on', $env:CMAKE_ARGS) | Where-Object { $_ }) -join ' '
    Write-Host "CUDA toolkit: $env:CUDA_PATH"
}

# -- build ------------------------------------------------------------------------------------------------

$Venv = Join-Path $Root 'build\venv-windows'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
Invoke-Native $Python @('-m', 'venv', $Venv)
Invoke-Native $VenvPython @('-m', 'pip', 'install', '--upgrade', 'pip')

# From source, never a cached wheel: the compiled backend is the point of this build.
$previousCmakeArgs = $env:CMAKE_ARGS
try {
    if ($cmakeArgs) { $env:CMAKE_ARGS = $cmakeArgs; Write-Host "CMAKE_ARGS=$cmakeArgs" }
    Invoke-Native $VenvPython @('-m', 'pip', 'install', '--no-cache-dir', '--force-reinstall',
        '--no-binary', 'llama-cpp-python', $Llama)
} finally {
    $env:CMAKE_ARGS = $previousCmakeArgs
}
Invoke-Native $VenvPython @('-m', 'pip', 'install', $Root, 'pyinstaller>=6.10,<7')

$Dist = Join-Path $Root 'dist'
$Bundle = Join-Path $Dist 'copydesk'
if ((Test-Path $Bundle) -and -not $DryRun) { Remove-Item -Recurse -Force $Bundle }
$env:COPYDESK_BUILD_VARIANT = $Variant
Invoke-Native (Join-Path $Venv 'Scripts\pyinstaller.exe') @('--noconfirm', '--clean', '--distpath', $Dist,
    '--workpath', (Join-Path $Root 'build\pyinstaller'), (Join-Path $Root 'packaging\copydesk.spec'))

# -- runtime DLLs beside llama.dll ------------------------------------------------------------------------

if ($DryRun) {
    $LibDir = Join-Path $Bundle '_internal\llama_cpp\lib'
} else {
    $llamaDll = Get-ChildItem -Path $Bundle -Recurse -Filter 'llama.dll' | Select-Object -First 1
    if (-not $llamaDll) { throw "llama.dll is not in $Bundle; the spec did not collect llama.cpp." }
    $LibDir = $llamaDll.DirectoryName
}
Write-Host "llama.cpp libraries: $LibDir"

function Add-RuntimeDll {
    param([string]$Name, [string]$RedistSubdir, [switch]$Required)
    $target = Join-Path $LibDir $Name
    if (-not $DryRun -and (Get-ChildItem -Path $Bundle -Recurse -Filter $Name | Select-Object -First 1)) {
        Write-Host "$Name is in the bundle"
        return
    }
    $candidates = @()
    if ($RedistDir) { $candidates += Get-ChildItem -Path (Join-Path $RedistDir "x64\$RedistSubdir\$Name") -ErrorAction SilentlyContinue }
    $system = Join-Path $env:SystemRoot "System32\$Name"
    if (Test-Path $system) { $candidates += Get-Item $system }
    $source = $candidates | Select-Object -First 1
    if (-not $source) {
        if ($Required) { throw "$Name not found (Visual Studio redistributables or System32)." }
        Write-Warning "$Name not found; the installed app relies on the Visual C++ Redistributable."
        return
    }
    Copy-Runtime $source.FullName $target
}

Add-RuntimeDll -Name 'vcomp140.dll' -RedistSubdir 'Microsoft.VC*.OpenMP' -Required
Add-RuntimeDll -Name 'msvcp140.dll' -RedistSubdir 'Microsoft.VC*.CRT'

if ($Variant -eq 'cuda') {
    foreach ($name in $CudaDlls) {
        $source = Join-Path $env:CUDA_PATH "bin\$name"
        if (-not (Test-Path $source) -and -not $DryRun) { throw "$source is missing; install the CUDA 12 toolkit (cudart and cublas)." }
        Copy-Runtime $source (Join-Path $LibDir $name)
    }
}

# -- smoke check ------------------------------------------------------------------------------------------

# The bundle's own program must start and name its variant. A CUDA build cannot start without NVIDIA's
# driver (nvcuda.dll), which a build machine without a GPU lacks: there, the files are checked instead.
$cli = Join-Path $Bundle 'copydesk-cli.exe'
$hasDriver = Test-Path (Join-Path $env:SystemRoot 'System32\nvcuda.dll')
if ($DryRun) {
    Write-Host "+ $cli --version"
} elseif ($Variant -eq 'cuda' -and -not $hasDriver) {
    Write-Warning 'No NVIDIA driver on this machine: checking the files of the CUDA bundle instead of starting it.'
    $info = Get-ChildItem -Path $Bundle -Recurse -Filter 'build_info.json' | Select-Object -First 1
    if (-not $info) { throw "build_info.json is not in $Bundle" }
    $variantFound = (Get-Content -Raw -LiteralPath $info.FullName | ConvertFrom-Json).variant
    if ($variantFound -ne 'cuda') { throw "build_info.json says $variantFound, not cuda" }
    foreach ($name in @('ggml-cuda.dll') + $CudaDlls) {
        if (-not (Get-ChildItem -Path $Bundle -Recurse -Filter $name | Select-Object -First 1)) {
            throw "$name is missing from $Bundle"
        }
    }
    Write-Host 'CUDA bundle: build_info.json, ggml-cuda.dll and the CUDA runtime DLLs are in place.'
} else {
    Write-Host "+ $cli --version"
    $env:COPYDESK_HOME = Join-Path $Root 'build\smoke-home'
    $line = & $cli --version
    if ($LASTEXITCODE -ne 0) { throw "copydesk-cli.exe --version failed ($LASTEXITCODE)" }
    Write-Host $line
    if ($line -notmatch "\b$Variant build\b") { throw "Expected a $Variant build, got: $line" }
    Remove-Item Env:COPYDESK_HOME
}

# -- installer --------------------------------------------------------------------------------------------

if ($NoInstaller) { return }

$iscc = (Get-Command 'iscc.exe' -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        $candidate = Join-Path $dir 'Inno Setup 6\ISCC.exe'
        if (Test-Path $candidate) { $iscc = $candidate; break }
    }
}
if (-not $iscc) {
    if (-not $DryRun) { throw 'Inno Setup 6 (ISCC.exe) not found: choco install innosetup, or use -NoInstaller.' }
    $iscc = 'ISCC.exe'
}
Invoke-Native $iscc @("/DAppVersion=$Version", "/DVariant=$Variant", "/DNumericVersion=$NumericVersion",
    "/DDistDir=$Bundle", "/DOutputDir=$Dist",
    (Join-Path $Root 'packaging\windows\copydesk.iss'))

$setup = Join-Path $Dist "Copydesk-$Version-windows-x64-$Variant-setup.exe"
if (-not $DryRun -and -not (Test-Path $setup)) { throw "ISCC finished but $setup is missing." }
Write-Host "Wrote $setup"
