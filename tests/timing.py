"""Timing checks for extraction: a ratio to an ordinary article measured in the same process, not a fixed bound."""

from __future__ import annotations

import time

from newsflow.extract import extract


def costs_what_an_article_of_its_size_does(hostile: str) -> None:
    """Extract a hostile page and an ordinary article of the same size; assert the hostile one took no more than
    about as long (CPU time: a ratio, so a loaded machine slows both alike)."""
    sentence = "An ordinary paragraph of an article, with a few commas, words and more words in it."
    paras = f"<p>{sentence}</p>" * (len(hostile) // (len(sentence) + 7))
    ordinary = f"<html><body><article>{paras}</article></body></html>"
    extract(ordinary[:2000], "https://e.org/")  # warm: one-off costs fall on neither side
    times = []
    for html in (ordinary, hostile):
        start = time.process_time()
        extract(html, "https://e.org/")
        times.append(time.process_time() - start)
    assert times[1] < 3 * times[0] + 0.3, times
