"""Webhook delivery core: secrets and signatures, destination rules, secret storage, sending.

Management routes, the dispatcher and the delivery queue build on these modules.
"""

from panelist.webhooks.sender import DeliveryOutcome, WebhookSender, deliver
from panelist.webhooks.signing import new_secret, sign
from panelist.webhooks.url_rules import is_blocked_address, validate_webhook_url

__all__ = [
    "DeliveryOutcome",
    "WebhookSender",
    "deliver",
    "is_blocked_address",
    "new_secret",
    "sign",
    "validate_webhook_url",
]
