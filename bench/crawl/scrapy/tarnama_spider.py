"""Scrapy 2.8 spider for the crawl benchmark: newsnorm's discovery and the
iran-daily profile's extraction rules, written the way a Scrapy user would.

Discovery (as newsnorm's crawler): the start page is a listing page at
depth 0 and the feed gives links at depth 1; a page's links are read when
it is a listing page within max_depth or an article below it; a link
matching `article` is fetched, one matching `follow` is fetched while
within max_depth; Scrapy's duplicate filter fetches each URL once.

Extraction (as newsnorm's iran-daily profile): id from the "News ID:"
label, published from the "Published:" label (parsed to RFC 3339 UTC),
headline from the <h1>, body from the paragraphs of the article body,
whitespace-normalised, one blank line between paragraphs. One JSON object
per article through the feed exporter (JSON Lines).

Run by bench/crawl (see crawlbench/tools.go for the settings):

    scrapy runspider tarnama_spider.py -a base=http://127.0.0.1:PORT \
        -a follow=REGEX -a article=REGEX -a max_depth=2 -O out.jsonl ...
"""

import re
from datetime import datetime, timezone
from urllib.parse import urldefrag

import scrapy

SPACE = re.compile(r"\s+")


def norm(text):
    return SPACE.sub(" ", text or "").strip()


class TarnamaSpider(scrapy.Spider):
    name = "tarnama"

    def __init__(self, base, follow, article, max_depth="2", **kwargs):
        super().__init__(**kwargs)
        self.base = base.rstrip("/")
        self.follow_re = re.compile(follow)
        self.article_re = re.compile(article)
        self.max_depth = int(max_depth)

    def start_requests(self):
        # DepthMiddleware: start requests have depth 0, each request a
        # callback yields one more than its response.
        yield scrapy.Request(self.base + "/", callback=self.parse_listing)
        yield scrapy.Request(self.base + "/News/Feed", callback=self.parse_feed)

    def depth(self, response):
        return response.meta.get("depth", 0)

    def discover(self, response, hrefs):
        depth = self.depth(response)
        for href in hrefs:
            href = (href or "").strip()
            if not href or href.startswith("#"):
                continue
            url = urldefrag(response.urljoin(href))[0]
            if not url.startswith(("http://", "https://")):
                continue
            if self.article_re.search(url):
                yield scrapy.Request(url, callback=self.parse_article)
            elif depth + 1 <= self.max_depth and self.follow_re.search(url):
                yield scrapy.Request(url, callback=self.parse_listing)

    def parse_listing(self, response):
        if self.depth(response) <= self.max_depth:
            yield from self.discover(response, response.css("a::attr(href)").getall())

    def parse_feed(self, response):
        response.selector.remove_namespaces()
        yield from self.discover(response, response.xpath("//item/link/text()").getall())

    def label(self, response, label):
        """The text after a label such as "News ID:" in the same element."""
        for text in response.xpath(
            "//body//text()[contains(., $label)]", label=label
        ).getall():
            rest = norm(text.split(label, 1)[1])
            if rest:
                return rest
        return None

    def parse_article(self, response):
        if self.depth(response) < self.max_depth:
            yield from self.discover(response, response.css("a::attr(href)").getall())
        raw_id = self.label(response, "News ID:")
        m = re.match(r"(\d+)", raw_id or "")
        item = {"id": m.group(1) if m else None, "url": response.url}
        raw = self.label(response, "Published:")
        item["published_at"] = None
        if raw:
            try:
                t = datetime.strptime(raw, "%H%M GMT %B %d, %Y").replace(tzinfo=timezone.utc)
                item["published_at"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
                item["published_raw"] = raw
            except ValueError:
                pass
        item["headline"] = norm(" ".join(response.css("h1 ::text").getall()))
        paragraphs = (norm(" ".join(p.css("::text").getall())) for p in response.css(".news-body p"))
        item["body"] = "\n\n".join(p for p in paragraphs if p)
        item["fetched_at"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield item
