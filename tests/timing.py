"""Timing checks for extraction: a ratio to an ordinary article measured in the same process, not a fixed bound."""

from __future__ import annotations

import gc
import time

from newsflow.extract import extract


def costs_what_an_article_of_its_size_does(hostile: str) -> None:
    """Extract a hostile page and an ordinary article of the same size; assert the hostile one took no more than
    about as long (CPU time: a ratio, so a loaded machine slows both alike).

    Each is timed with the garbage collector off, after a collection: a collection of the whole test process's heap
    falling inside one of them measures the suite, not the extractor. The best of up to three tries counts, as
    ``timeit`` takes the best: noise only ever adds time, while a cost that grows with the page's size is there in
    every try (3,000 teasers at 13 times an article's cost, where this allows 3)."""
    sentence = "An ordinary paragraph of an article, with a few commas, words and more words in it."
    paras = f"<p>{sentence}</p>" * (len(hostile) // (len(sentence) + 7))
    ordinary = f"<html><body><article>{paras}</article></body></html>"
    extract(ordinary[:2000], "https://e.org/")  # warm: one-off costs fall on neither side
    best = [float("inf"), float("inf")]
    for _ in range(3):
        for i, html in enumerate((ordinary, hostile)):
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                extract(html, "https://e.org/")
                best[i] = min(best[i], time.process_time() - start)
            finally:
                gc.enable()
        if best[1] < 3 * best[0] + 0.3:
            return
    raise AssertionError(f"the hostile page took {best[1]:.2f} s of CPU, an ordinary one {best[0]:.2f} s")
