"""The MarianMT engine on Hugging Face transformers (the reference backend).

torch and transformers are imported only in `load()`, which the translator
calls on first use from its worker thread: importing reader stays instant and
a fully cached article never pays for them.
"""

from __future__ import annotations

import logging
import pickle
import threading
from pathlib import Path

from reader.core.errors import ModelError
from reader.core.models.validation import validate_marian_dir
from reader.core.translate import DecodingSettings, Hypothesis

log = logging.getLogger(__name__)


class MarianEngine:
    """A Marian folder (config.json, source.spm, target.spm, vocab.json, weights)."""

    backend = "transformers-fp32"

    def __init__(self, model_dir: Path, *, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self._threads = threads
        self._model = None
        self._tokenizer = None
        self._load_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        with self._load_lock:
            if self._model is not None:
                return
            try:
                validate_marian_dir(self.model_dir)
            except ModelError as exc:
                raise ModelError(f"The model in {self.model_dir} could not be loaded: {exc}") from None
            import torch

            from reader.core.hf import transformers_names

            MarianMTModel, MarianTokenizer, utils = transformers_names("MarianMTModel", "MarianTokenizer", "utils")
            hf_logging = utils.logging

            hf_logging.disable_progress_bar()
            if self._threads:
                torch.set_num_threads(self._threads)
            safetensors = (self.model_dir / "model.safetensors").exists()
            from safetensors import SafetensorError

            try:
                tokenizer = MarianTokenizer.from_pretrained(self.model_dir, local_files_only=True)
                model = MarianMTModel.from_pretrained(
                    self.model_dir, local_files_only=True, use_safetensors=safetensors or None)
            except (OSError, ValueError, KeyError, RuntimeError, TypeError, SafetensorError, pickle.UnpicklingError,
                    EOFError) as exc:
                reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                raise ModelError(f"The model in {self.model_dir} could not be loaded: {reason}") from None
            model.eval()
            self._tokenizer, self._model = tokenizer, model
            log.info("loaded %s", self.model_dir)

    @property
    def max_tokens(self) -> int:
        """The longest input or output the model's position table allows."""
        self.load()
        return min(512, int(self._model.config.max_position_embeddings))

    def count_tokens(self, text: str) -> int:
        self.load()
        return len(self._tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"])

    def translate_batch(self, sentences: list[str], settings: DecodingSettings,
                        cancel: threading.Event | None = None) -> list[tuple[Hypothesis, ...]]:
        """n-best hypotheses per sentence, best first, by beam search."""
        self.load()
        import torch

        from reader.core.hf import transformers_names

        StoppingCriteria, StoppingCriteriaList = transformers_names("StoppingCriteria", "StoppingCriteriaList")

        class _StopOnCancel(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                stop = cancel is not None and cancel.is_set()
                return torch.full((input_ids.shape[0],), stop, dtype=torch.bool)

        n = min(settings.num_hypotheses, settings.num_beams)
        batch = self._tokenizer(sentences, return_tensors="pt", padding=True,
                                truncation=True, max_length=self.max_tokens)
        with torch.inference_mode():
            # No output_scores: transformers would keep every step's full log-probability
            # table (beams × vocabulary × steps: gigabytes). The scores are recomputed below.
            sequences = self._model.generate(
                **batch, num_beams=settings.num_beams, num_return_sequences=n,
                length_penalty=settings.length_penalty, max_new_tokens=min(settings.max_new_tokens, self.max_tokens - 1),
                min_new_tokens=settings.min_new_tokens or None,
                do_sample=False, early_stopping=True,
                stopping_criteria=StoppingCriteriaList([_StopOnCancel()]),
            )
            scores = self._score(batch, sequences, n, settings.length_penalty)
        texts = self._tokenizer.batch_decode(sequences, skip_special_tokens=True)
        return [tuple(Hypothesis(texts[i * n + k].strip(), scores[i * n + k]) for k in range(n))
                for i in range(len(sentences))]

    def _score(self, batch, sequences, n: int, length_penalty: float) -> list[float]:
        """Length-normalised log-probability of each hypothesis, as beam search ranks them.

        One teacher-forced decoder pass; the vocabulary projection is done a few
        sequences at a time so memory stays flat.
        """
        import torch

        model = self._model
        encoder_mask = batch["attention_mask"].repeat_interleave(n, dim=0)
        encoded = model.get_encoder()(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        hidden_states = encoded.last_hidden_state.repeat_interleave(n, dim=0)
        decoder_input, targets = sequences[:, :-1], sequences[:, 1:]
        pad = model.config.pad_token_id
        eos = model.config.eos_token_id
        # Tokens after the first end-of-sentence are padding, not part of the hypothesis.
        after_eos = (targets == eos).long().cumsum(dim=1) - (targets == eos).long() > 0
        mask = (targets != pad) & ~after_eos
        hidden = model.get_decoder()(input_ids=decoder_input, encoder_hidden_states=hidden_states,
                                     encoder_attention_mask=encoder_mask,
                                     attention_mask=torch.ones_like(decoder_input)).last_hidden_state
        bias = getattr(model, "final_logits_bias", None)
        scores = []
        for start in range(0, hidden.shape[0], 8):
            logits = model.lm_head(hidden[start:start + 8])
            if bias is not None:
                logits = logits + bias
            logprobs = torch.log_softmax(logits.float(), dim=-1)
            picked = logprobs.gather(-1, targets[start:start + 8].unsqueeze(-1)).squeeze(-1)
            chunk_mask = mask[start:start + 8]
            total = (picked * chunk_mask).sum(dim=1)
            length = chunk_mask.sum(dim=1).clamp(min=1).float()
            scores.extend((total / length ** length_penalty).tolist())
        return [round(float(s), 6) for s in scores]
