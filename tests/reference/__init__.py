"""The vendored reference schema and seed (README.md here): where the tests find them."""
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent
HELIUM_SCHEMA = REFERENCE_DIR / "ti-helium-schema.json"
LEARNER_SCOPE = REFERENCE_DIR / "ti-learner-api-scope.graphql"
SEED_002 = REFERENCE_DIR / "seed_002_e826332044f6db4c.txt"
