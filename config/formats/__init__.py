"""How dates and numbers are written in each language, where Django's own formats do not suit a
European customer-service department (``FORMAT_MODULE_PATH``). Only what differs is set here;
the rest comes from Django's formats for the language."""
