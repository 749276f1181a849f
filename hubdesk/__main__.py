from hubdesk.cli import main

raise SystemExit(main())
