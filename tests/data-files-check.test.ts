// `nnc check` reads a train run's data files: a CSV's columns as inputs (NN4151), a column count
// that does not fit the input (NN4152), a missing file with a did-you-mean among its folder's files
// (NN4153, a warning with a fix: the file may be made later), and csv(…) arguments the file does not have (NN4154).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnc } from '../packages/compiler/test/run-nnc.js';

function workspace(inputs: number, data: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-data-check-'));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(
    path.join(dir, 'data', 'people.csv'),
    'id,Sex,Age,Port,Survived\n1,male,22,S,0\n2,female,,C,1\n3,female,26,,1\n4,male,35,Q,0\n',
  );
  fs.writeFileSync(
    path.join(dir, 'model.nnet'),
    `model M {
  input person: [${inputs}]
  dense(1, sigmoid)
}

train M {
  data = ${data}
  loss = binary_cross_entropy
  optimizer = sgd
}
`,
  );
  return dir;
}

describe('nnc check reads the data files', () => {
  it('says how the CSV columns become inputs', async () => {
    const dir = workspace(7, 'csv("data/people.csv", target = "Survived", drop = ["id"])');
    const { code, stderr } = await runNnc(dir, 'check', 'model.nnet');
    expect(code).toBe(0);
    expect(stderr).toContain(
      'model.nnet:7:10 info NN4151 `data/people.csv` gives 7 inputs to `person`: `Sex` → 2 one-hot columns (female, male), `Age`, `Port` → 4 one-hot columns (C, Q, S, (missing))',
    );
  });

  it('names the file and the columns when their count does not fit the input', async () => {
    const dir = workspace(
      8,
      'csv("data/people.csv", target = "Survived", columns = ["Age", "Sex"])',
    );
    const { code, stderr } = await runNnc(dir, 'check', 'model.nnet');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'error NN4152 `data/people.csv` gives 3 inputs (`Age`, `Sex` → 2 one-hot columns (female, male)), but input `person` takes [8]',
    );
    expect(stderr).toContain('help: make the input `person: [3]`');
  });

  it('suggests a file of the folder for a misspelt path, and stops nnc train before it starts', async () => {
    const dir = workspace(7, 'csv("data/peple.csv", target = "Survived")');
    const { code, stderr } = await runNnc(dir, 'check', 'model.nnet');
    expect(code).toBe(0);
    expect(stderr).toContain(
      'model.nnet:7:14 warning NN4153 data file `data/peple.csv` does not exist',
    );
    expect(stderr).toContain('help: did you mean `data/people.csv`?');
    const train = await runNnc(dir, 'train', 'model.nnet');
    expect(train.code).toBe(1);
    expect(train.stderr).toContain('help: did you mean `data/people.csv`?');
    expect(train.stderr).toContain('expected a file, found nothing at this path');
    expect(train.stdout).not.toContain('Training');
    const far = workspace(7, 'csv("data/zzz.csv")');
    expect((await runNnc(far, 'check', 'model.nnet')).stderr).toContain(
      'help: the folder `data` holds `people.csv`; paths are relative to the .nnet file',
    );
    const noFolder = workspace(7, 'csv("tables/people.csv")');
    expect((await runNnc(noFolder, 'check', 'model.nnet')).stderr).toContain(
      'help: there is no folder `tables` either; paths are relative to the .nnet file',
    );
  });

  it("checks a graph source's file like a CSV's", async () => {
    const dir = workspace(7, 'csv("data/people.csv", target = "Survived", drop = ["id"])');
    fs.writeFileSync(path.join(dir, 'data', 'club.json'), '{}');
    fs.writeFileSync(
      path.join(dir, 'graph.nnet'),
      `model G {
  input features: [3, 3]
  input adjacency: [3, 3]
  features -> gcn(adjacency, 2, softmax)
}

train G {
  data = graph("data/clubb.json")
  loss = cross_entropy
  optimizer = adam
  batch = 1
}
`,
    );
    const { stderr } = await runNnc(dir, 'check', 'graph.nnet');
    expect(stderr).toContain('warning NN4153 data file `data/clubb.json` does not exist');
    expect(stderr).toContain('help: did you mean `data/club.json`?');
  });

  it('reports a column the file does not have at the data value', async () => {
    const dir = workspace(7, 'csv("data/people.csv", target = "survived")');
    const { code, stderr } = await runNnc(dir, 'check', 'model.nnet');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'error NN4154 `data/people.csv`: expected a target column "survived", found only the columns id, Sex, Age, Port, Survived (did you mean "Survived"?)',
    );
  });
});
