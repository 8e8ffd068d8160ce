"""Reading blogs from the web, split by job as trafilatura does.

``client`` is the polite HTTP client (robots.txt, politeness, deadlines, charsets), ``fetch`` reads one
post from a URL, ``crawl`` turns post and blog URLs into posts or a folder of them.

Nothing is imported here: requests and urllib3 load only when a fetch starts.
"""
