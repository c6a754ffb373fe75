import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# test tooling that is not part of the package (scripts/local_model.py: the test model's weights)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

pytest_plugins = ["llm_fixtures"]
