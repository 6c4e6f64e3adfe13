; Inno Setup 6 script for Copydesk (x64). Built by packaging\windows\build_windows.ps1, which passes:
;   ISCC /DAppVersion=0.1.0 /DVariant=cpu|cuda [/DNumericVersion=0.1.0] [/DDistDir=...] [/DOutputDir=...]
;        packaging\windows\copydesk.iss
; Input: the PyInstaller onedir bundle dist\copydesk\ (copydesk.exe, copydesk-cli.exe, _internal\), with
; the runtime DLLs the build script put beside the llama.cpp DLLs (vcomp140.dll; for CUDA also
; cudart64_12.dll, cublas64_12.dll, cublasLt64_12.dll).
; Output: dist\Copydesk-<version>-windows-x64-<variant>-setup.exe

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 /DVariant=cpu copydesk.iss
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#if Variant != "cpu" && Variant != "cuda"
  #error Variant must be cpu or cuda
#endif
#ifndef NumericVersion
  ; Windows' file version must be numbers only (0.2.0 for 0.2.0rc1); the build script passes it.
  #define NumericVersion AppVersion
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\copydesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "Copydesk"
#define AppExe "copydesk.exe"

[Setup]
; The AppId identifies Copydesk to Windows' uninstaller across versions: never change it. Both variants
; share it, so installing the CUDA build over the CPU one replaces it rather than adding a second entry.
AppId={{6E3B9A52-4C1D-4F0B-9D7E-2A8C5F13B4E7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion} ({#Variant})
AppPublisher=The Copydesk authors
AppComments=Offline writing and translation assistant
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine by default (Program Files); the user may choose a per-user install without admin rights,
; and {autopf} then resolves to their own Programs folder.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
#if FileExists(AddBackslash(SourcePath) + "..\..\LICENSE")
LicenseFile=..\..\LICENSE
#endif
SetupIconFile=..\..\resources\icons\copydesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-{#Variant}-setup
; The app may be running during an upgrade: offer to close it.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle: drop the previous version's libraries instead of mixing two builds.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Offline writing and translation assistant"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller (created by default) removes {app}. Settings, drafts and models live in the user's
; profile (%APPDATA%, %LOCALAPPDATA%), are not part of the install and stay: a reinstall finds them.
