"""The email channel: mail in (IMAP polling, an SMTP/LMTP receiver) and mail out (SMTP)."""
