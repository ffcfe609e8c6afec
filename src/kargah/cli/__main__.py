from kargah.cli import main

main()
