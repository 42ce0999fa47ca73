"""Open an .xlsm in a private headless LibreOffice and report its VBA project as JSON.

Run with the system Python that has ``uno``:
``/usr/bin/python3 libreoffice_vba_probe.py BOOK.xlsm PROFILE_DIR PIPE_NAME [RUN]``.
It prints one JSON object: the Basic libraries, the modules of VBAProject, the
value returned by ``NapButtons.NapMacrosCompiled`` and the script bound to each
form control of the first sheet. With ``RUN`` (a JSON list of ``[script, number
of arguments]``), it also runs each script and reports what the stub xlwings
module's ``RecordedCommand`` returns afterwards, under ``"ran"``.
"""

import json
import os
import subprocess
import sys
import time
import traceback

import uno
from com.sun.star.beans import PropertyValue

SCRIPT = "vnd.sun.star.script:VBAProject.{}?language=Basic&location=document"
SENTINEL = SCRIPT.format("NapButtons.NapMacrosCompiled")
RECORDED = SCRIPT.format("xlwings.RecordedCommand")


def prop(name, value):
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(150):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not answer")


def controls(doc):
    found = []
    forms = doc.Sheets.getByIndex(0).DrawPage.Forms
    for form_index in range(forms.getCount()):
        form = forms.getByIndex(form_index)
        for index in range(form.getCount()):
            events = [event.ScriptCode for event in form.getScriptEvents(index)]
            found.append({"label": form.getByIndex(index).Label, "scripts": events})
    return found


def run_scripts(doc, scripts):
    """Run each script, then ask the stub what RunPython was last called with.

    LibreOffice has no ribbon and refuses a null object for a parameter typed as
    an object, so a ribbon callback gets the document in place of its
    IRibbonControl.
    """
    provider = doc.getScriptProvider()
    ran = []
    for url, arguments in scripts:
        provider.getScript(url).invoke(tuple([doc] * arguments), (), ())
        ran.append([url, provider.getScript(RECORDED).invoke((), (), ())[0]])
    return ran


def probe(ctx, path, scripts):
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(path), "_blank", 0,
        (prop("Hidden", True), prop("MacroExecutionMode", 4)),
    )
    libraries = doc.BasicLibraries
    report = {"libraries": list(libraries.getElementNames()), "modules": []}
    if libraries.hasByName("VBAProject"):
        libraries.loadLibrary("VBAProject")
        report["modules"] = sorted(libraries.getByName("VBAProject").getElementNames())
    script = doc.getScriptProvider().getScript(SENTINEL)
    report["sentinel"] = script.invoke((), (), ())[0]
    report["controls"] = controls(doc)
    if scripts:
        report["ran"] = run_scripts(doc, scripts)
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
    return report


def main():
    path, profile, pipe = sys.argv[1:4]
    scripts = json.loads(sys.argv[4]) if len(sys.argv) > 4 else []
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    code = 1
    try:
        print(json.dumps(probe(connect(pipe), path, scripts)))
        code = 0
    except Exception:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.terminate()
            try:
                office.wait(10)
            except subprocess.TimeoutExpired:
                office.kill()
        os._exit(code)


if __name__ == "__main__":
    main()
