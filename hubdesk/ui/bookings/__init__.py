"""The Bookings area: the lazy list of bookings, the approvals queue, the booking timeline and
the booking dialog."""
