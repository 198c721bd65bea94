"""A downloadable recogniser: a BERT token-classification model (CAMeLBERT NER) run locally.

Optional and much larger than the built-in CRF (about 0.4 GB), and more
accurate (its authors report F1 0.83 on ANERcorp's test split). When one is
installed (`reader models download camelbert-msa-ner`), it replaces the CRF;
its interface is the same: words in, IOB tags out. Each word takes the label
of its first sub-word, as it was trained.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.glossary.recognise import Mention, spans, tokenize

MAX_WORDS = 200  # per window: well inside BERT's 512 sub-words for Arabic news


class TransformerRecogniser:
    def __init__(self, path: Path) -> None:
        import torch

        from reader.core.hf import transformers_names

        AutoModelForTokenClassification, AutoTokenizer = transformers_names("AutoModelForTokenClassification",
                                                                            "AutoTokenizer")

        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(path)
        self._model = AutoModelForTokenClassification.from_pretrained(path).eval()
        labels = self._model.config.id2label
        self._labels = {int(i): _ours(label) for i, label in labels.items()}
        self._max_length = getattr(self._model.config, "max_position_embeddings", 512)

    def tag_words(self, words: list[str]) -> list[str]:
        tags: list[str] = []
        for start in range(0, len(words), MAX_WORDS):
            tags.extend(self._tag_window(words[start:start + MAX_WORDS]))
        return tags

    def _tag_window(self, words: list[str]) -> list[str]:
        if not words:
            return []
        encoded = self._tokenizer(words, is_split_into_words=True, truncation=True, max_length=self._max_length,
                                  return_tensors="pt")
        with self._torch.inference_mode():
            logits = self._model(**encoded).logits[0]
        best = logits.argmax(-1).tolist()
        tags: list[str] = []
        for position, word in enumerate(encoded.word_ids()):
            if word is not None and word == len(tags):  # a word's first sub-word
                tags.append(self._labels[best[position]])
        if not tags:  # one word longer than the model can read: not a name
            tags = ["O"]
        # Words past the model's length limit (long words, many sub-words) get a window of their own.
        return tags + self._tag_window(words[len(tags):]) if len(tags) < len(words) else tags

    def mentions(self, paragraph: str) -> list[Mention]:
        tokens = tokenize(paragraph)
        return spans(paragraph, tokens, self.tag_words([t.text for t in tokens]))


def _ours(label: str) -> str:
    """The model's label in our tag set (some models say PER for PERS)."""
    prefix, _, kind = str(label).partition("-")
    return f"{prefix}-{'PERS' if kind == 'PER' else kind}" if kind else "O"
