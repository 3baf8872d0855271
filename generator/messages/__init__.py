"""Read one CBP AD/CVD message, as copied from CSMS or a mirror page, into a `Message`: its kind,
case numbers, Federal Register citation, dates and rate rows. Labels, not lines, split the text,
so a message flattened onto one line reads the same. A row or value cut off at the end of the
text is never a row: it goes to `unread`. Refusals raise InputError with one line saying why:
a specific rate ($ per kg), a legacy upper-case message with rates in a table or prose, rates
for two periods under one case number, an unreadable rate, text that is no AD/CVD message."""

from .model import KINDS, Deactivated, Message, Rate
from .reader import read_message, read_message_file
from .report import message_json, message_table

__all__ = ["KINDS", "Deactivated", "Message", "Rate", "read_message", "read_message_file",
           "message_json", "message_table"]
