"""`python -m isu`: the same as the `isu` command."""

from isu.cli import main

if __name__ == "__main__":
    main()
