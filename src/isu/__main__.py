"""`python -m isu`: the same as the `isu` command."""

from isu.cli import app

if __name__ == "__main__":
    app(prog_name="isu")
