#!/usr/bin/env python3
"""Does a page built from a saved web page keep every word of the page's main text?

usage: capture-fidelity.py CAPTURE OUTPUT(.html|.epub|.pdf)

CAPTURE is a capture's path without extension (test/fixtures/captures/faq-organicmaps/privacy):
its NAME.txt (the page's text as a browser copies it) and NAME.tsv (the gold role of each line).
The main text is every line whose gold role is not "drop"; the chrome lines are passed to the
shared fidelity tool (../shared/tools/fidelity.py) as --drop, and its last lines are printed.
"""
import os, subprocess, sys

cap, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
tool = os.path.join(here, '..', '..', 'shared', 'tools', 'fidelity.py')
lines = open(cap + '.txt', encoding='utf-8').read().split('\n')
args = []
for row in open(cap + '.tsv', encoding='utf-8'):
    if row.startswith('#') or not row.strip():
        continue
    number, role = row.split('\t')[:2]
    if role == 'drop':
        args += ['--drop', lines[int(number) - 1].strip()]
r = subprocess.run(['python3', tool, cap + '.txt', out, '--min', '0', *args], capture_output=True, text=True)
print('\n'.join((r.stdout + r.stderr).strip().split('\n')[-3:]))
