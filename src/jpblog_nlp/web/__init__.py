"""Reading blogs from the web, split by job as trafilatura does.

- ``client``: the polite HTTP client (robots.txt, one request at a time per host, retries, size caps),
  with ``deadline`` cutting a trickling server off and ``charset`` decoding what it sends;
- ``page``: the ``Page`` record the client hands on; ``urls``: what a URL string tells, unfetched;
- ``fetch``: one post from one URL (``fetch_post``);
- ``discover``: a blog's URL expanded into its posts' URLs (sitemap, archive pages, feed);
- ``crawl``: post and blog URLs into posts (``fetch_posts``) or into a ``mirror`` folder (``crawl``),
  with a ``report`` of what failed.

Nothing is imported here: requests and urllib3 load only when a fetch starts.
"""
