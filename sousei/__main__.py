from sousei.cli import main

main()
