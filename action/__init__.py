"""The GitHub Action's step logic (action.yml runs action/steps.py); not part of the installed package."""
