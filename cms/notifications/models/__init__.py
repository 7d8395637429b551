from cms.notifications.models.notice import Notice
from cms.notifications.models.outbox import Channel, Message, State
from cms.notifications.models.schedule import ScheduledRun
from cms.notifications.models.sms import SmsRecord

__all__ = ["Channel", "Message", "Notice", "ScheduledRun", "SmsRecord", "State"]
