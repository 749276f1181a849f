; Inno Setup script for the Windows installer of hubdesk.
; Per-user install without admin rights, start-menu entry, uninstaller.
; Build on a Windows PC after `python build/make_dist.py` produced dist\hubdesk:
;   iscc /DAppVersion=0.1.0 build\hubdesk.iss
; The version is passed on the command line (make_dist prints it); it defaults to 0.0.0.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6F3B1C2E-8A4D-4E6B-9C1F-2D7A5B3E9F10}
AppName=hubdesk
AppVersion={#AppVersion}
AppPublisher=hubdesk
DefaultDirName={localappdata}\Programs\hubdesk
DefaultGroupName=hubdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=hubdesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\hubdesk.ico
UninstallDisplayIcon={app}\hubdesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\hubdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\hubdesk"; Filename: "{app}\hubdesk.exe"
Name: "{group}\{cm:UninstallProgram,hubdesk}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\hubdesk"; Filename: "{app}\hubdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\hubdesk.exe"; Description: "{cm:LaunchProgram,hubdesk}"; Flags: nowait postinstall skipifsilent

; The database and backups live in the user's data folder (%LOCALAPPDATA%\hubdesk\hubdesk), not in
; {app}: uninstalling leaves them in place on purpose.
