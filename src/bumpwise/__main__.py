from bumpwise.cli import main

main()
