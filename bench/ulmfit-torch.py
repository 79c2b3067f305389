# Independent PyTorch cross-check of notebook 20 (issue #20): does a pretrained language model
# beat training from scratch at 100 labelled examples? Same recipe as the project's ULMFiT:
# Embedding -> LSTM language model trained on the task's unlabelled training texts; a classifier
# (max + mean pooling -> BatchNorm -> dropout -> linear) on that encoder, fine-tuned with gradual
# unfreezing (head, then LSTM, then embedding) and slanted triangular rates; against the same
# classifier from random weights trained with Adam. Each side is tried at two learning rates and
# keeps its best mean (chosen on the test split, equally optimistic for both). After training, the
# head's BatchNorm statistics are recomputed over the labelled texts (both sides, as in notebook 20).
#
#   /usr/bin/python3 bench/ulmfit-torch.py DATA.json '{"vocab": 1000, ...}'   (run by bench/ulmfit-torch.ts)
#
# Last line: one JSON object with each arm's per-seed accuracies.
import collections, copy, json, re, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

data = json.load(open(sys.argv[1]))
cfg = json.loads(sys.argv[2])
torch.set_num_threads(cfg.get('threads', 2))
CUT_FRAC, RATIO = 0.1, 32  # Howard & Ruder's slanted triangular defaults
V, E, H, L, WIN = cfg['vocab'], cfg['embedding'], cfg['units'], cfg['length'], cfg['lm_window']

words = lambda t: re.findall(r"[^\W_]+(?:'[^\W\d_]+)*", t.lower())
train = [words(t) for t in data['train']['texts']]
test = [words(t) for t in data['test']['texts']]
y_train, y_test = np.array(data['train']['labels']), np.array(data['test']['labels'])
counts = collections.Counter(w for t in train for w in t)
ids = {w: i + 2 for i, (w, _) in enumerate(counts.most_common(V - 2))}  # 0 padding, 1 <unk>
encode = lambda t: [ids.get(w, 1) for w in t]
pad = lambda s: s[:L] + [0] * (L - len(s[:L]))
x_train = torch.tensor([pad(encode(t)) for t in train])
x_test = torch.tensor([pad(encode(t)) for t in test])


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb, self.rnn = nn.Embedding(V, E), nn.LSTM(E, H, batch_first=True)

    def forward(self, x):
        return self.rnn(self.emb(x))[0]


class LanguageModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc, self.drop, self.out = Encoder(), nn.Dropout(0.1), nn.Linear(H, V)

    def forward(self, x):
        return self.out(self.drop(self.enc(x)))


class Classifier(nn.Module):
    def __init__(self, enc):
        super().__init__()
        self.enc, self.bn, self.drop, self.out = enc, nn.BatchNorm1d(2 * H), nn.Dropout(0.2), nn.Linear(2 * H, 2)

    def forward(self, x):
        h, mask = self.enc(x), (x > 0).float().unsqueeze(-1)
        mean = (h * mask).sum(1) / mask.sum(1).clamp(min=1)
        top = h.masked_fill(mask == 0, -1e9).max(1)[0]
        return self.out(self.drop(self.bn(torch.cat([top, mean], 1))))


def pretrain():
    torch.manual_seed(0)
    stream = torch.tensor([i for t in train for i in encode(t)][: cfg['lm_tokens']])
    n = (len(stream) - 1) // WIN
    x, y = stream[: n * WIN].view(n, WIN), stream[1 : n * WIN + 1].view(n, WIN)
    lm = LanguageModel()
    opt = torch.optim.Adam(lm.parameters(), cfg['lm_rate'])
    steps = cfg['lm_epochs'] * ((n + 31) // 32)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, cfg['lm_rate'], total_steps=steps)
    for _ in range(cfg['lm_epochs']):
        order = torch.randperm(n)
        for b in range(0, n, 32):
            i = order[b : b + 32]
            loss = F.cross_entropy(lm(x[i]).reshape(-1, V), y[i].reshape(-1))
            opt.zero_grad(), loss.backward(), opt.step(), schedule.step()
    lm.eval()
    held = torch.tensor([i for t in test for i in encode(t)])
    m = (len(held) - 1) // WIN
    with torch.no_grad():
        loss = F.cross_entropy(lm(held[: m * WIN].view(m, WIN)).reshape(-1, V), held[1 : m * WIN + 1])
    return lm, float(np.exp(loss.item()))


def labelled_sample(seed, n):
    """n examples, classes in their training proportions."""
    rng, picked = np.random.RandomState(seed), []
    for c in (0, 1):
        pool = np.where(y_train == c)[0]
        picked += list(rng.choice(pool, round(n * (y_train == c).mean()), replace=False))
    return np.array(picked, dtype=np.int64)


def fit(clf, idx, rate, seed, groups=None):
    """Adam for cfg['epochs'] epochs; with groups: gradual unfreezing + slanted triangular rates."""
    torch.manual_seed(seed)
    x, y, batch = x_train[idx], torch.tensor(y_train[idx]), 16
    opt = torch.optim.Adam(clf.parameters(), rate)
    steps, step = cfg['epochs'] * ((len(idx) + batch - 1) // batch), 0
    for epoch in range(cfg['epochs']):
        if groups:  # the last `epoch + 1` groups train
            live = {id(p) for g in groups[-(epoch + 1) :] for p in g}
            for g in groups:
                for p in g:
                    p.requires_grad = id(p) in live
        clf.train()
        order = torch.randperm(len(idx))
        for b in range(0, len(idx), batch):
            i = order[b : b + batch]
            if len(i) < 2:
                continue
            if groups:  # slanted triangular: up for the first CUT_FRAC of steps, then down; peak/floor RATIO
                cut = int(steps * CUT_FRAC)
                p = step / cut if step < cut else 1 - (step - cut) / (cut * (1 / CUT_FRAC - 1))
                for g in opt.param_groups:
                    g['lr'] = rate * (1 + p * (RATIO - 1)) / RATIO
            loss = F.cross_entropy(clf(x[i]), y[i])
            opt.zero_grad(), loss.backward(), opt.step()
            step += 1
    recalibrate_bn(clf, x)
    clf.eval()
    with torch.no_grad():
        return float((clf(x_test).argmax(1).numpy() == y_test).mean() * 100)


def recalibrate_bn(clf, x):
    """BatchNorm's running statistics recomputed for the final weights over the labelled texts (as
    torch.optim.swa_utils.update_bn does, and the project's recalibrateBatchNorm): ~70 steps leave
    the running averages behind an encoder that is still moving."""
    clf.bn.reset_running_stats()
    clf.bn.momentum = None  # a cumulative average over the passes below: here one pass, one batch
    clf.train()
    with torch.no_grad():
        clf(x)
    clf.bn.momentum = 0.1


start = time.time()
lm, perplexity = pretrain()
lm_seconds = time.time() - start
arms = collections.defaultdict(list)
for seed in cfg['seeds']:
    idx = labelled_sample(seed, cfg['labels'])
    for rate in cfg['scratch_rates']:
        torch.manual_seed(100 + seed)
        arms[f'scratch@{rate}'].append(fit(Classifier(Encoder()), idx, rate, seed))
    for rate in cfg['ulmfit_rates']:
        enc = copy.deepcopy(lm.enc)
        torch.manual_seed(100 + seed)
        clf = Classifier(enc)
        groups = [list(enc.emb.parameters()), list(enc.rnn.parameters()), [*clf.bn.parameters(), *clf.out.parameters()]]
        arms[f'ulmfit@{rate}'].append(fit(clf, idx, rate, seed, groups))
    print(f'seed {seed}: ' + ', '.join(f'{k} {v[-1]:.1f}' for k, v in arms.items()), file=sys.stderr, flush=True)
print(json.dumps({'arms': arms, 'lm_perplexity': perplexity, 'lm_seconds': lm_seconds, 'seconds': time.time() - start}))
