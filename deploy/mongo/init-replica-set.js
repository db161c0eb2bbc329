// Run by the mongo-init step of deploy/compose.yaml and the mongo-init Job of deploy/k8s/canvass.yaml
// (which holds a copy: DeploymentFilesTest keeps them equal), against the first member, any number
// of times: initiates the replica set once, waits for a primary, then makes the query side's login
// hold exactly one role, readWrite on its one database (docs/operations.md#mongodb-role), creating it
// or setting its password and roles back to these. Credentials come from the environment (the
// secrets), never from this file: MONGO_INITDB_ROOT_USERNAME/_PASSWORD (the administrator the mongo
// image created on each member's first start), MONGO_QUERY_USER, MONGO_QUERY_PASSWORD,
// MONGO_QUERY_DATABASE, and MONGO_MEMBERS (host:port,...; the first one is where this runs).
const env = process.env;
const members = env.MONGO_MEMBERS.split(',');
db.getSiblingDB('admin').auth(env.MONGO_INITDB_ROOT_USERNAME, env.MONGO_INITDB_ROOT_PASSWORD);

try {
  rs.status();
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') {
    throw e;
  }
  // the first member a little more likely to lead, so that the usual primary is where this runs
  rs.initiate({_id: 'rs0', members: members.map((host, i) => ({_id: i, host: host, priority: i === 0 ? 2 : 1}))});
}

let primary;
for (let waited = 0; !(primary = db.hello().primary); waited++) {
  if (waited === 120) {
    throw new Error('no primary after 120 s: ' + JSON.stringify(rs.status().members));
  }
  sleep(1000);
}

// users are written on the primary, acknowledged by a majority so that a failover cannot lose them
const admin = connect('mongodb://' + primary + '/admin?directConnection=true');
admin.auth(env.MONGO_INITDB_ROOT_USERNAME, env.MONGO_INITDB_ROOT_PASSWORD);
const roles = [{role: 'readWrite', db: env.MONGO_QUERY_DATABASE}];
const majority = {w: 'majority', wtimeout: 60000};
if (admin.getUser(env.MONGO_QUERY_USER) === null) {
  admin.createUser({user: env.MONGO_QUERY_USER, pwd: env.MONGO_QUERY_PASSWORD, roles: roles}, majority);
} else {
  admin.updateUser(env.MONGO_QUERY_USER, {pwd: env.MONGO_QUERY_PASSWORD, roles: roles}, majority);
}
print('replica set rs0 has primary ' + primary + '; ' + env.MONGO_QUERY_USER + ' holds ' + JSON.stringify(roles));
