; NSIS script: Chinese installer for the Windows one-folder bundle of nianbao.
; Per-user install (no administrator rights): %LOCALAPPDATA%\Programs\nianbao, Start-menu and
; desktop shortcuts, an uninstaller listed in "Apps & features".
;
;   makensis -DBUNDLE_DIR=C:\path\to\dist\nianbao -DVERSION=0.1.0 [-DOUTFILE=C:\path\setup.exe] packaging\windows\nianbao.nsi
;
; BUNDLE_DIR is the folder PyInstaller made (nianbao.exe, nianbao-cli.exe, _internal\); give absolute
; paths: makensis resolves relative ones from this script's folder. Default output: packaging\build\.
; See packaging/windows/BUILD-WINDOWS.md. makensis 3.x (Debian's `nsis` package works too).

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true
RequestExecutionLevel user

!ifndef BUNDLE_DIR
  !error "pass -DBUNDLE_DIR=<folder made by PyInstaller>"
!endif
!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
; makensis on Windows wants "\", the Linux build of makensis "/".
!ifdef NSIS_WIN32_MAKENSIS
  !define S "\"
!else
  !define S "/"
!endif

!ifndef OUTFILE
  !define OUTFILE "..${S}build${S}nianbao-${VERSION}-setup.exe"
!endif

!define APP_NAME "政务公开年报助手"
!define APP_FULL_NAME "政府信息公开工作年度报告编制助手"
!define APP_EXE "nianbao.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\nianbao"
; makensis runs in this script's folder (unless /NOCD), so paths are relative to it.
!define ICON_FILE "..${S}..${S}resources${S}icons${S}nianbao.ico"

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装程序"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\nianbao"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_FULL_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_FULL_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT 许可证；所含第三方组件的许可见安装目录 _internal"

!include "MUI2.nsh"
!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "本向导将在您的电脑上安装 ${APP_FULL_NAME} ${VERSION}。$\r$\n$\r$\n程序只为当前用户安装，不需要管理员权限，也不需要联网。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "主程序" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole bundle: files of the old version must not stay behind.
  RMDir /r "$INSTDIR\_internal"
  File "${BUNDLE_DIR}${S}nianbao.exe"
  File "${BUNDLE_DIR}${S}nianbao-cli.exe"
  File /r "${BUNDLE_DIR}${S}_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${APP_FULL_NAME}"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${APP_FULL_NAME}"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_FULL_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "nianbao"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "-EstimatedSize"
  ; Size in KiB as shown by "Apps & features".
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: a folder the user chose may hold other files.
  ; Drafts live in the user's Documents folder and are never touched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\nianbao.exe"
  Delete "$INSTDIR\nianbao-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
