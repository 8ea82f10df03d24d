"""``python -m tdkt_eval.synth --out data/demo --seed 2024`` writes the demo province."""

from .province import main

raise SystemExit(main())
