"""Would a learned model beat the case-type rules? Trained on one set, scored on another.

    python -m bench.tagging.learned                   # train on set-1, score on set-2 (needs scikit-learn)
    python -m bench.tagging.learned --train set-1 --train set-2 --test set-3

TF-IDF over the folded words of title, lead (each repeated, as the rules weigh them) and body, words and
word pairs; one logistic regression per type (scikit-learn, class_weight="balanced"); a story gets every
type whose probability is at least 0.5, and its best type if none is. Scored with the same macro F1 as
python -m bench.tagging, beside the rules on the same stories.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench.tagging.__main__ import HERE, Counts, load
from crawler.tagging import tag_story
from crawler.tagging.cases import Taxonomy
from crawler.tagging.words import words


def text_of(story: dict) -> str:
    fold = lambda text: " ".join(words(text).folded)  # noqa: E731
    return " ".join([fold(story["title"])] * 3 + [fold(story["lead"])] * 2 + [fold(p) for p in story["body"]])


def macro_f1(gold: list[list[str]], got: list[list[str]], types: list[str]) -> float:
    counts = {t: Counts() for t in types}
    for g, o in zip(gold, got, strict=True):
        for t, c in counts.items():
            c.add({t} & set(g), {t} & set(o))
    return statistics.mean(c.f1 for c in counts.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", action="append", help="a set to train on (repeatable; default: set-1)")
    parser.add_argument("--test", default="set-2")
    args = parser.parse_args(argv)
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        print("error: scikit-learn is not installed (pip install scikit-learn)", file=sys.stderr)
        return 2
    types = list(Taxonomy.load().types)
    args.train = args.train or ["set-1"]
    train, test = [s for name in args.train for s in load(HERE / name)], load(HERE / args.test)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x_train = vectorizer.fit_transform([text_of(s) for s in train])
    x_test = vectorizer.transform([text_of(s) for s in test])
    probabilities = {}
    for t in types:
        y = [t in s["types"] for s in train]
        model = LogisticRegression(class_weight="balanced", max_iter=2000, C=10.0).fit(x_train, y)
        probabilities[t] = model.predict_proba(x_test)[:, 1]
    learned = []
    for i in range(len(test)):
        chosen = [t for t in types if probabilities[t][i] >= 0.5]
        learned.append(chosen or [max(types, key=lambda t: probabilities[t][i])])
    rules = [[c.type for c in tag_story(s["title"], s["lead"], s["body"]).types] for s in test]
    gold = [s["types"] for s in test]
    print(f"LEARNED train={'+'.join(args.train)} ({len(train)}) test={args.test} ({len(test)}): case types macro F1 "
          f"learned {macro_f1(gold, learned, types):.3f}, rules {macro_f1(gold, rules, types):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
