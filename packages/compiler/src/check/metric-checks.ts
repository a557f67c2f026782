// Checks of a train run's metrics against its model's output: `accuracy` on several sigmoid outputs
// (multi-label) is the argmax of one-hot classes, not the share of right labels, so it is a
// warning whose fix writes `binary_accuracy`.

import { DataMessages } from '../diagnostics/data-messages.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { TrainDecl } from '../syntax/ast.js';

export function checkMultilabelMetrics(
  decl: TrainDecl,
  units: number | undefined,
  last: string | undefined,
  lossTask: string | undefined,
  bag: DiagnosticBag,
): void {
  if (units === undefined || units < 2 || (last !== 'sigmoid' && lossTask !== 'binary')) return;
  const field = decl.fields.find((f) => f.name.name === 'metrics');
  if (field?.value.kind !== 'List') return;
  for (const item of field.value.items) {
    const name = item.kind === 'Name' ? item.name : item.kind === 'Call' ? item.callee : undefined;
    if (name?.name !== 'accuracy') continue;
    bag.report(
      DataMessages.MultilabelAccuracy,
      name.span,
      { units },
      {
        fixes: [
          {
            title: 'use binary_accuracy',
            edits: [{ span: name.span, newText: 'binary_accuracy' }],
          },
        ],
      },
    );
  }
}
