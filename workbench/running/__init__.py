"""How the workbench runs: the one catalogue of job kinds, and the command that starts the app with its consumer."""
