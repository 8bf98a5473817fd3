#!/usr/bin/env python3
"""No word lost but the dropped chrome: builds every labelled capture to HTML and runs
../shared/tools/fidelity.py on it, with each line matn dropped (from `matn inspect --json`) given
as --drop. Prints one line per capture and a summary; exits 1 when a word is missing.

    python3 scripts/recovery-fidelity.py        (after `npx tsc -p tsconfig.build.json`)
"""
import glob, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIDELITY = os.path.join(ROOT, '..', 'shared', 'tools', 'fidelity.py')
MATN = ['node', os.path.join(ROOT, 'bin', 'matn.js')]

out = tempfile.mkdtemp(prefix='matn-recovery-fidelity-')
missing_docs, ratios = 0, []
for source in sorted(glob.glob(os.path.join(ROOT, 'test', 'fixtures', 'captures', '*', '*.txt'))):
    site, name = source.split(os.sep)[-2], os.path.basename(source)[:-4]
    folder = os.path.join(out, site)
    subprocess.run([*MATN, 'build', '-q', '-f', 'html', '-o', folder, '--force', source], check=True, capture_output=True)
    meta = json.loads(subprocess.run([*MATN, 'inspect', '--json', source], check=True, capture_output=True, text=True).stdout)['meta']
    lines = open(source, encoding='utf-8-sig').read().splitlines()
    drops = [arg for d in meta['dropped'] for arg in ('--drop', lines[d['line'] - 1].strip())]
    result = subprocess.run(['python3', FIDELITY, source, os.path.join(folder, name + '.html'), *drops, '--min', '0'], capture_output=True, text=True).stdout.strip().splitlines()
    last = result[-1]
    print(f'{site}/{name}: {last}')
    if ' missing 0,' not in last:
        missing_docs += 1
    ratios.append(float(last.rsplit(' ', 1)[1]))
print(f'\n{len(ratios)} captures: {missing_docs} with a word missing; lowest in-order ratio {min(ratios):.4f}')
sys.exit(1 if missing_docs else 0)
