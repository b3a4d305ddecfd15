"""The command passwork-cli exec runs: prints its environment as one JSON object."""
import json
import os

print(json.dumps(dict(os.environ)))
