Attribute VB_Name = "NapButtons"
' Buttons of the NAP plan workbook. Each one hands over to Python through xlwings.
Option Explicit

Public Sub CheckPlan()
    RunPython "import toolkit.buttons.excel as b; b.check_plan()"
End Sub

Public Sub GenerateWorkbooks()
    RunPython "import toolkit.buttons.excel as b; b.generate_workbooks()"
End Sub

Public Sub ConsolidateReturns()
    RunPython "import toolkit.buttons.excel as b; b.consolidate_returns()"
End Sub

Public Sub OpenReport()
    RunPython "import toolkit.buttons.excel as b; b.open_report()"
End Sub

Public Sub CheckThisWorkbook()
    RunPython "import toolkit.buttons.excel as b; b.check_this_workbook()"
End Sub

' Returns a fixed value; a caller that gets it knows the project compiled.
Public Function NapMacrosCompiled() As Long
    NapMacrosCompiled = 20260101
End Function
