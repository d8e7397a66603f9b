"""`python -m analyzer` runs the gatherscan command line."""

from analyzer.cli import main

main(prog_name="gatherscan")
