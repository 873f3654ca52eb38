/** The event the engine benchmarks emit: a product entity with ≈ 600 bytes of JSON, and its metadata. */
export const metadata = { organization_id: 'org-bench', user_id: 'u-1', action: 'bench' }

export const entity = {
  _id: '0b3c5a1e-8f2d-4a7b-9c1e-2d3f4a5b6c7d',
  _schema: 'product',
  _title: 'Solar Panel 400W',
  _org: 'org-bench',
  _created_at: '2025-01-01T00:00:00.000Z',
  _updated_at: '2025-01-01T00:00:00.000Z',
  _tags: ['solar', 'premium'],
  name: 'Solar Panel 400W',
  code: 'SP-400',
  type: 'product',
  product_category: 'solar',
  active: true,
  description: 'High efficiency monocrystalline module with 25 years of linear performance warranty.',
  price: { amount: 39900, currency: 'EUR', tax: 'standard' },
}
