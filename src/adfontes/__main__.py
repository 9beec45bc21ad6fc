from adfontes.cli import main

main()
