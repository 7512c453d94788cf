<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Overrides of Qt's own standard texts, installed after qtbase_zh_CN so they win.
     Compile with: pyside6-lrelease nianbao_zh_CN.ts -qm nianbao_zh_CN.qm -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Discard</source>
        <translation>不保存</translation>
    </message>
</context>
</TS>
