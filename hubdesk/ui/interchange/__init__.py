"""Excel and CSV in and out from the app: the import wizard (`dialog.ImportWizardDialog`) and
exporting exactly what a list shows (`export.export_model`). The reading, validating and writing
itself is headless, in `hubdesk.interchange`."""
