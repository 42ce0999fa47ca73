Attribute VB_Name = "NapRibbon"
' Ribbon callbacks of the NAP add-in. Each one runs the button of NapButtons with the same name.
Option Explicit

Public Sub OnCheckPlan(control As IRibbonControl)
    NapButtons.CheckPlan
End Sub

Public Sub OnGenerateWorkbooks(control As IRibbonControl)
    NapButtons.GenerateWorkbooks
End Sub

Public Sub OnConsolidateReturns(control As IRibbonControl)
    NapButtons.ConsolidateReturns
End Sub

Public Sub OnOpenReport(control As IRibbonControl)
    NapButtons.OpenReport
End Sub

Public Sub OnCheckThisWorkbook(control As IRibbonControl)
    NapButtons.CheckThisWorkbook
End Sub
