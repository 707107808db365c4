"""Imports every domain's models so that Base.metadata knows all tables."""
from app.apikeys.models import *  # noqa: F401,F403
from app.awards.models import *  # noqa: F401,F403
from app.balances.models import *  # noqa: F401,F403
from app.certificates.models import *  # noqa: F401,F403
from app.clients.models import *  # noqa: F401,F403
from app.codes.models import *  # noqa: F401,F403
from app.company.models import *  # noqa: F401,F403
from app.content.models import *  # noqa: F401,F403
from app.content.parts import *  # noqa: F401,F403
from app.idempotency.models import *  # noqa: F401,F403
from app.learning.models import *  # noqa: F401,F403
from app.notifications.models import *  # noqa: F401,F403
from app.persisted_queries.models import *  # noqa: F401,F403
from app.usage.models import *  # noqa: F401,F403
from app.users.models import *  # noqa: F401,F403
from app.db import Base  # noqa: F401
